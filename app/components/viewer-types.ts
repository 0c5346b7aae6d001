import type { Pin } from "./PageSurface";

export interface ViewerProps {
  fileUrl: string;
  contentType: string;
  pageCount: number;
  page: number;
  zoom: number;
  onPageChange(page: number): void;
  pins: Pin[];
  selectedPinId: number | null;
  placing: boolean;
  draft: { page: number; x: number; y: number } | null;
  onPinSelect(id: number): void;
  onPlace(page: number, x: number, y: number): void;
  thumbnails?: boolean;
}
