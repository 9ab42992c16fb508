import {
  classifyText,
  decideEvidenceType,
  looksLikeZip,
  SniffResult,
  TextScanner,
  TypeDecision,
} from './evidence-type';
import type { PendingContent } from './storage/evidence-storage';
import { identifyOfficeDocument } from './zip-inspection';

/** Enough for every signature file-type checks, and for a text sample. */
const HEAD_BYTES = 64 * 1024;

type FileTypeModule = typeof import('file-type');
let fileTypeModule: Promise<FileTypeModule> | undefined;

/**
 * file-type is ESM-only. The compiled (CommonJS) app loads it through require(esm), which Node
 * supports from 20.19 without a flag; it is loaded once, on first use.
 */
function loadFileType(): Promise<FileTypeModule> {
  fileTypeModule ??= import('file-type');
  return fileTypeModule;
}

/**
 * Decides the type of content that has fully arrived: magic bytes (file-type), our own zip
 * inspection for office documents, and for everything else the whole-content text scan.
 */
export async function sniffEvidenceType(content: PendingContent, text: TextScanner): Promise<TypeDecision> {
  const head = await content.read(0, HEAD_BYTES);
  const sniff: SniffResult = {};
  if (looksLikeZip(head)) {
    sniff.container = await identifyOfficeDocument((o, l) => content.read(o, l), content.size);
    return decideEvidenceType(sniff);
  }
  const { fileTypeFromBuffer } = await loadFileType();
  const magic = head.length ? await fileTypeFromBuffer(head) : undefined;
  if (magic) sniff.magic = { mime: magic.mime, ext: magic.ext };
  else sniff.text = text.isText ? classifyText(new TextDecoder('utf-8').decode(head)) : null;
  return decideEvidenceType(sniff);
}
