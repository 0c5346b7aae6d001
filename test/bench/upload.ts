/**
 * Upload benchmark: streams a large PDF (300 MB by default) through the running server
 * and prints the server's peak memory growth next to the file size, and the upload
 * throughput next to a plain stream copy of the same bytes on the same disk.
 *
 *   npm run bench:upload            # 300 MB
 *   BENCH_UPLOAD_MB=50 npm run bench:upload
 *
 * Targets: memory growth under 64 MB whatever the size; throughput at least half the copy's.
 */
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { request } from "node:http";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { startServer } from "../helpers/server";

const SIZE_MB = Number(process.env.BENCH_UPLOAD_MB ?? 300);
const MB = 1024 * 1024;

/** Writes a valid one-page PDF whose page carries an image stream of `bytes` bytes, without holding it in memory. */
async function writeLargePdf(file: string, bytes: number) {
  const out = createWriteStream(file);
  let offset = 0;
  const offsets: number[] = [];
  const write = (chunk: string | Buffer) =>
    new Promise<void>((resolve) => {
      offset += typeof chunk === "string" ? Buffer.byteLength(chunk, "latin1") : chunk.length;
      if (out.write(typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk)) resolve();
      else out.once("drain", resolve);
    });
  const object = async (n: number, body: string) => {
    offsets[n] = offset;
    await write(`${n} 0 obj\n${body}\nendobj\n`);
  };
  await write("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
  await object(1, "<< /Type /Catalog /Pages 2 0 R >>");
  await object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  await object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /Im 5 0 R >> >> >>");
  const content = "q 612 0 0 792 0 0 cm /Im Do Q";
  await object(4, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  const width = 4096;
  const height = Math.floor(bytes / (width * 3));
  const length = width * height * 3;
  offsets[5] = offset;
  await write(`5 0 obj\n<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length ${length} >>\nstream\n`);
  const block = Buffer.alloc(MB);
  for (let i = 0; i < block.length; i++) block[i] = (i * 7919) & 0xff;
  for (let left = length; left > 0; left -= block.length) await write(left >= block.length ? block : block.subarray(0, left));
  await write("\nendstream\nendobj\n");
  const xref = offset;
  let table = `xref\n0 6\n0000000000 65535 f \n`;
  for (let n = 1; n <= 5; n++) table += `${String(offsets[n]).padStart(10, "0")} 00000 n \n`;
  await write(`${table}trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  await new Promise((resolve) => out.end(resolve));
}

function rssKb(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
}

async function signIn(url: string) {
  const response = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: "marketer1@demo.test", password: "preview-demo" }),
  });
  return response.headers.get("set-cookie")!.split(";")[0];
}

/** A streamed multipart POST: the file is read from disk as it is sent. */
function uploadFile(url: string, cookie: string, file: string): Promise<{ status: number; body: string }> {
  const boundary = `----bench${Date.now()}`;
  const head = Buffer.from(
    [
      ["title", "Benchmark catalogue"],
      ["kind", "collateral"],
      ["teamIds", "1"],
    ]
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join("") + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="catalogue.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = head.length + statSync(file).size + tail.length;
  return new Promise((resolve, reject) => {
    const req = request(`${url}/materials/upload`, {
      method: "POST",
      headers: { Origin: url, Cookie: cookie, "Content-Type": `multipart/form-data; boundary=${boundary}`, "Content-Length": length },
    });
    req.on("response", (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.write(head);
    const source = createReadStream(file);
    source.pipe(req, { end: false });
    source.on("end", () => req.end(tail));
  });
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cp-bench-"));
  const file = path.join(dir, "large.pdf");
  try {
    console.log(`Writing a ${SIZE_MB} MB PDF…`);
    await writeLargePdf(file, SIZE_MB * MB);
    const size = statSync(file).size;

    // Baseline: a plain stream copy of the same bytes on the same disk.
    const copyStart = process.hrtime.bigint();
    await pipeline(createReadStream(file), createWriteStream(path.join(dir, "copy.bin")));
    const copySeconds = Number(process.hrtime.bigint() - copyStart) / 1e9;
    rmSync(path.join(dir, "copy.bin"));

    const server = await startServer({ MAX_UPLOAD_MB: String(SIZE_MB + 10), FILES_DIR: path.join(dir, "files") });
    try {
      const pid = server.process.pid!;
      const cookie = await signIn(server.url);
      await fetch(`${server.url}/materials`, { headers: { Cookie: cookie } }); // warm up the routes
      const baseline = rssKb(pid);
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, rssKb(pid))), 20);
      const start = process.hrtime.bigint();
      const result = await uploadFile(server.url, cookie, file);
      const uploadSeconds = Number(process.hrtime.bigint() - start) / 1e9;
      clearInterval(sampler);
      peak = Math.max(peak, rssKb(pid));
      if (result.status !== 201) throw new Error(`Upload failed: ${result.status} ${result.body}`);

      const growthMb = (peak - baseline) / 1024;
      const uploadRate = size / MB / uploadSeconds;
      const copyRate = size / MB / copySeconds;
      const ratio = uploadRate / copyRate;
      console.log("");
      console.log(`file size                 ${(size / MB).toFixed(0)} MB`);
      console.log(`server RSS before upload  ${(baseline / 1024).toFixed(1)} MB`);
      console.log(`server peak memory growth ${growthMb.toFixed(1)} MB   (target < 64 MB)   ${growthMb < 64 ? "OK" : "OVER"}`);
      console.log(`upload through server     ${uploadRate.toFixed(0)} MB/s (${uploadSeconds.toFixed(2)} s)`);
      console.log(`plain stream copy         ${copyRate.toFixed(0)} MB/s (${copySeconds.toFixed(2)} s)`);
      console.log(`ratio upload / copy       ${ratio.toFixed(2)}   (target ≥ 0.50)   ${ratio >= 0.5 ? "OK" : "UNDER"}`);
    } finally {
      await server.stop();
      rmSync(server.dataDir, { recursive: true, force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
