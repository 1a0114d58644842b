// The backend the library chooses (WASM here), started before and stopped after this area's tests.
import { ensureBackend, shutdownBackend } from "../../lib/backend/index.js";

/** Registers root hooks: start the backend once, stop its worker threads at the very end. */
export function useLibraryBackend(): void {
  before(async function () {
    this.timeout(120_000);
    await ensureBackend();
  });
  after(async () => shutdownBackend());
}
