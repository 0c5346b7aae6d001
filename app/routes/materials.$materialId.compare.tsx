import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useCallback, useState } from "react";
import { DocumentViewer } from "~/components/DocumentViewer";
import { PageNav } from "~/components/PageNav";
import { db } from "~/lib/db.server";
import { notFound, requireId, requireUserWith } from "~/lib/permissions.server";
import { commentsForVersion } from "~/services/material-page.server";
import { loadVisibleMaterial } from "~/services/material-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Compare · ${data?.title ?? "Material"} · Collateral Preview` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "material:list");
  const materialId = requireId(params.materialId, "material");
  const database = db();
  const { material } = await loadVisibleMaterial(database, user, materialId);
  const versions = await database.models.MaterialVersion.findAll({ where: { materialId }, order: [["number", "DESC"]] });
  const search = new URL(request.url).searchParams;
  const pick = (param: string, fallback: number | undefined) => {
    const raw = search.get(param);
    const number = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : fallback;
    const version = versions.find((v) => v.number === number);
    if (!version) notFound("version");
    return { id: version.id, number: version.number, pageCount: version.pageCount, contentType: version.contentType };
  };
  const b = pick("b", versions[0]?.number);
  const a = pick("a", versions[1]?.number ?? versions[0]?.number);
  return { id: material.id, title: material.title, a, b, comments: await commentsForVersion(database, materialId, b.number) };
}

export default function Compare() {
  const { id, title, a, b, comments } = useLoaderData<typeof loader>();
  const pages = Math.max(a.pageCount, b.pageCount);
  const [page, setPage] = useState(1);
  const onPageChange = useCallback((n: number) => setPage(Math.min(pages, Math.max(1, n))), [pages]);
  const none = () => undefined;
  const side = (v: typeof a, pins: typeof comments) =>
    page <= v.pageCount ? (
      <DocumentViewer
        fileUrl={`/files/${v.id}`}
        contentType={v.contentType}
        pageCount={v.pageCount}
        page={page}
        zoom={1}
        onPageChange={onPageChange}
        pins={pins}
        selectedPinId={null}
        placing={false}
        draft={null}
        onPinSelect={none}
        onPlace={none}
        thumbnails={false}
      />
    ) : (
      <p className="muted">Version {v.number} has no page {page}.</p>
    );
  return (
    <>
      <p>
        <Link to={`/materials/${id}`}>← {title}</Link>
      </p>
      <div className="viewer-toolbar">
        <PageNav page={page} pages={pages} onChange={onPageChange} />
      </div>
      <div className="compare">
        <section aria-label={`Version ${a.number}`}>
          <h2>Version {a.number}</h2>
          {side(a, [])}
        </section>
        <section aria-label={`Version ${b.number}`}>
          <h2>Version {b.number}</h2>
          {side(b, comments)}
          {comments.some((c) => c.carriedFrom) ? (
            <p className="muted">Numbered pins on this side include comments carried over from earlier versions.</p>
          ) : null}
        </section>
      </div>
    </>
  );
}
