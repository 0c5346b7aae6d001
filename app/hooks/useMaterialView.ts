import { useCallback, useEffect, useRef, useState } from "react";
import type { Placement } from "~/components/PageSurface";
import { describePlacement, type Draft } from "~/components/NewCommentForm";
import { readZoom, zoomParam, type ZoomState } from "~/components/zoom";

/**
 * What the material page's viewer and side panel share: the page and zoom (kept in the
 * address), pin mode and the draft pin, the selected comment, and the announcement read
 * out to screen readers.
 */
export function useMaterialView(version: { id: number; pageCount: number }, comments: unknown, params: URLSearchParams) {
  const initialPage = Math.min(version.pageCount, Math.max(1, Number(params.get("page")) || 1));
  const [page, setPage] = useState(initialPage);
  const [zoom, setZoom] = useState<ZoomState>(() => readZoom(params.get("zoom")));
  const [placing, setPlacing] = useState(false);
  const [draft, setDraft] = useState<Draft>(null);
  const [wholeDocument, setWholeDocument] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [focusComment, setFocusComment] = useState<number | null>(null);
  const pinButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    setPage((p) => Math.min(p, version.pageCount));
    setDraft(null);
    setPlacing(false);
  }, [version.id, version.pageCount]);

  // The page and the zoom live in the address, so a copied link opens the same place.
  useEffect(() => {
    const url = new URL(window.location.href);
    url.searchParams.set("page", String(page));
    const z = zoomParam(zoom);
    if (z === "fit-width") url.searchParams.delete("zoom");
    else url.searchParams.set("zoom", z);
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url);
  }, [page, zoom]);

  // After posting, the focus goes to the new comment once it is on the page.
  useEffect(() => {
    if (focusComment === null) return;
    const element = document.getElementById(`comment-${focusComment}`);
    if (!element) return;
    element.focus();
    setSelected(focusComment);
    setFocusComment(null);
  }, [focusComment, comments]);

  const onPageChange = useCallback((n: number) => setPage(n), []);
  const onPlace = useCallback((placement: Placement) => {
    setDraft(placement);
    setPlacing(false);
    setWholeDocument(false);
    setAnnouncement(`Placed on ${describePlacement(placement)}. Write your comment.`);
  }, []);
  const cancelPlacing = useCallback(() => {
    setPlacing(false);
    setAnnouncement("Pin mode cancelled.");
    pinButton.current?.focus();
  }, []);
  const togglePlacing = () => {
    if (placing) cancelPlacing();
    else {
      setPlacing(true);
      setAnnouncement(`Pin mode on page ${page}: click or tap to pin a point, or drag to mark an area. With the keyboard, move the crosshair with the arrow keys, press Enter to pin, Space to start an area, Escape to cancel.`);
    }
  };
  const onPinSelect = useCallback((id: number) => {
    setSelected(id);
    document.getElementById(`comment-${id}`)?.scrollIntoView({ block: "nearest" });
  }, []);
  const selectComment = (c: { id: number; page: number | null }) => {
    setSelected(c.id);
    if (c.page) setPage(Math.min(c.page, version.pageCount));
  };
  const commentDone = useCallback((commentId?: number) => {
    setDraft(null);
    setWholeDocument(false);
    if (commentId) {
      setFocusComment(commentId);
      setAnnouncement("Your comment is posted.");
    } else pinButton.current?.focus();
  }, []);

  return {
    page,
    zoom,
    setZoom,
    placing,
    draft,
    wholeDocument,
    commentOnWholeDocument: () => setWholeDocument(true),
    selected,
    announcement,
    pinButton,
    onPageChange,
    onPlace,
    cancelPlacing,
    togglePlacing,
    onPinSelect,
    selectComment,
    commentDone,
  };
}

export type MaterialView = ReturnType<typeof useMaterialView>;
