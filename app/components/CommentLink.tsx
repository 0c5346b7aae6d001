import { Link } from "@remix-run/react";

/** A link to a comment's material, opened at the comment's page. */
export function CommentLink({ comment: c }: { comment: { materialId: number; page: number | null; material: string } }) {
  return (
    <Link to={`/materials/${c.materialId}${c.page ? `?page=${c.page}` : ""}`}>{c.material}</Link>
  );
}
