import { useEffect, type RefObject } from "react";

/**
 * Scrolling one side scrolls the other to the same place (as a share of how far each can
 * scroll, so pages of different heights stay level). The other side's own scroll event,
 * caused here, is not echoed back.
 */
export function useSyncedScroll(container: RefObject<HTMLDivElement>, enabled: boolean) {
  useEffect(() => {
    const root = container.current;
    if (!root || !enabled) return;
    const echo = new Map<Element, { top: number; left: number }>();
    const share = (position: number, range: number) => (range > 0 ? position / range : 0);
    function onScroll(event: Event) {
      const source = event.target;
      if (!(source instanceof HTMLElement) || !source.classList.contains("compare-scroll")) return;
      const expected = echo.get(source);
      if (expected && Math.abs(expected.top - source.scrollTop) <= 1 && Math.abs(expected.left - source.scrollLeft) <= 1) return;
      const side = source.closest<HTMLElement>("[data-compare-side]")?.dataset.compareSide;
      const other = root!.querySelector<HTMLElement>(`[data-compare-side]:not([data-compare-side="${side}"]) .compare-scroll`);
      if (!other) return;
      const top = Math.round(share(source.scrollTop, source.scrollHeight - source.clientHeight) * (other.scrollHeight - other.clientHeight));
      const left = Math.round(share(source.scrollLeft, source.scrollWidth - source.clientWidth) * (other.scrollWidth - other.clientWidth));
      if (Math.abs(other.scrollTop - top) <= 1 && Math.abs(other.scrollLeft - left) <= 1) return;
      echo.set(other, { top, left });
      other.scrollTop = top;
      other.scrollLeft = left;
      // Its scroll event comes before the next frame; after that, a scroll there is the reader's.
      requestAnimationFrame(() => requestAnimationFrame(() => echo.delete(other)));
    }
    root.addEventListener("scroll", onScroll, { capture: true, passive: true });
    return () => root.removeEventListener("scroll", onScroll, { capture: true });
  }, [container, enabled]);
}
