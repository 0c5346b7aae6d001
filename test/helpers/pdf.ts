import { PDFDocument, StandardFonts, rgb } from "pdf-lib";

/**
 * Builds a real multi-page PDF with pdf-lib. `objectStreams` (the default) writes a PDF 1.5
 * cross-reference stream with compressed objects; false writes a classic xref table.
 * `padBytes` adds an incompressible image-like stream on the last page, to make big files.
 */
export async function makePdf(options: { pages?: number; objectStreams?: boolean; padBytes?: number; title?: string } = {}) {
  const pages = options.pages ?? 3;
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage([612, 792]);
    page.drawText(`${options.title ?? "Brochure"} — page ${i}`, { x: 72, y: 700, size: 28, font, color: rgb(0.1, 0.2, 0.5) });
    page.drawRectangle({ x: 72, y: 200, width: 468, height: 400, borderColor: rgb(0.5, 0.5, 0.5), borderWidth: 2 });
  }
  if (options.padBytes) {
    const filler = Buffer.alloc(options.padBytes);
    let seed = 1234567;
    for (let i = 0; i < filler.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      filler[i] = seed >> 16;
    }
    const stream = doc.context.stream(filler, { Type: "XObject", Subtype: "Image", Width: 1, Height: filler.length, ColorSpace: "DeviceGray", BitsPerComponent: 8 });
    const ref = doc.context.register(stream);
    const last = doc.getPage(pages - 1);
    last.node.setXObject(doc.context.obj("Pad") as never, ref);
  }
  return Buffer.from(await doc.save({ useObjectStreams: options.objectStreams ?? true }));
}
