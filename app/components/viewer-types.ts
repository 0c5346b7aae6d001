import type { PinLayerProps } from "./PageSurface";

/** How big a page is drawn: fitted to the viewer's width or to its whole page, times `zoom`. */
export type Fit = "width" | "page";

export interface ViewerProps extends PinLayerProps {
  fileUrl: string;
  contentType: string;
  pageCount: number;
  page: number;
  /** A multiple of the fitted size: 1 is the fit itself. */
  zoom: number;
  fit?: Fit;
  /** One page at a time, or every page one under the other (the material page). */
  layout?: "single" | "continuous";
  onPageChange(page: number): void;
  thumbnails?: boolean;
  /** Told once per page when it has been at least half on screen (or filled half the screen) for 2 s. */
  onPageSeen?(page: number): void;
}

/** A viewer that shows pins but takes none: the escalation brief, the compare page. */
export type ReadOnlyViewerProps = Omit<ViewerProps, "placing" | "draft" | "onPlace" | "onCancelPlacing">;
