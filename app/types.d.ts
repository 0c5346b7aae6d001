declare module "@remix-run/dev/server-build" {
  import type { ServerBuild } from "@remix-run/node";
  export const assets: ServerBuild["assets"];
  export const assetsBuildDirectory: ServerBuild["assetsBuildDirectory"];
  export const basename: ServerBuild["basename"];
  export const entry: ServerBuild["entry"];
  export const future: ServerBuild["future"];
  export const isSpaMode: ServerBuild["isSpaMode"];
  export const mode: ServerBuild["mode"];
  export const publicPath: ServerBuild["publicPath"];
  export const routes: ServerBuild["routes"];
}

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    cspNonce: string;
    /**
     * Resolves once the response's socket has taken what was written so far (or has closed):
     * a streamed body awaits it before reading on, so a slow client holds back the reading
     * instead of the server buffering the whole file for it.
     */
    responseDrained?: () => Promise<void>;
  }
}

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export {};
