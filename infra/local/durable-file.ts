/**
 * Small state files of the embedded runtime (stream checkpoints, queue batches in flight,
 * schedule runs) written so that a crash at any instant leaves either the old content or the
 * new one, never a torn file: the new content goes to a temporary file, is flushed to disk,
 * and is renamed over the old one; the folder is flushed so that the rename itself is kept.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

export function writeFileDurably(file: string, content: string): void {
  const folder = dirname(file);
  mkdirSync(folder, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const descriptor = openSync(temporary, 'w', 0o644);
  try {
    const bytes = Buffer.from(content, 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(descriptor, bytes, written, bytes.length - written);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  renameSync(temporary, file);
  flushFolder(folder);
}

function flushFolder(folder: string): void {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(folder, 'r');
    fsyncSync(descriptor);
  } catch {
    // Some file systems cannot flush a folder; the rename is then as durable as they make it.
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** The parsed JSON content of a state file, or undefined when it is missing or unreadable. */
export function readJsonFile(file: string): unknown {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
