/**
 * Repairs the end of an append-only JSONL file after its writer was killed: a last line without
 * its newline is a write that was cut short (the writer ends every line with one), so it is cut
 * off, and the next append starts on a fresh line instead of gluing onto the torn one. Everything
 * before the last newline is left as it is.
 */
import { existsSync } from "node:fs";
import { open } from "node:fs/promises";

/** Bytes read per step while looking for the last newline from the end. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Truncates `path` just after its last "\n" when it does not end with one (to empty when it has
 * none). Cost: reads backwards from the end only as far as the last newline.
 *
 * @returns the bytes cut off (0 when the file is whole or absent)
 */
export async function repairTornTail(path: string): Promise<number> {
  if (!existsSync(path)) return 0;
  const handle = await open(path, "r+");
  try {
    const { size } = await handle.stat();
    if (size === 0) return 0;
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - CHUNK_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, end - start, start);
      const newline = buffer.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (newline >= 0) {
        const keep = start + newline + 1;
        if (keep === size) return 0;
        await handle.truncate(keep);
        await handle.sync();
        return size - keep;
      }
      end = start;
    }
    await handle.truncate(0);
    await handle.sync();
    return size;
  } finally {
    await handle.close();
  }
}
