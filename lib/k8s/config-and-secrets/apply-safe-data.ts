/**
 * Text that server-side apply cannot carry in a ConfigMap's `data` or a Secret's `stringData`:
 * kubectl sends the object as JSON, which keeps DEL, the C1 controls and U+0085 raw, and the API
 * server reads the apply patch with its YAML reader, which refuses the first two ("yaml: control
 * characters are not allowed") and reads U+0085 as a line break (the text would change).
 * Base64-encoded (a ConfigMap's `binaryData`, a Secret's `data`) the file reaches the pod byte for
 * byte either way.
 */
import { mergedNameRecord } from '../../name-records.ts';

const NOT_APPLIABLE = /[\x7f-\x9f]/;

/** `data` and `binaryData` with each text that holds such characters moved to `binaryData`; the same objects when none does. */
export function applySafeData(
  data: Readonly<Record<string, string>>,
  binaryData: Readonly<Record<string, string>>,
): { readonly data: Readonly<Record<string, string>>; readonly binaryData: Readonly<Record<string, string>> } {
  const moved = Object.keys(data).filter((key) => NOT_APPLIABLE.test(data[key] ?? ''));
  if (moved.length === 0) return { data, binaryData };
  const text = mergedNameRecord(data);
  const binary = mergedNameRecord(binaryData);
  for (const key of moved) {
    binary[key] = Buffer.from(text[key] ?? '', 'utf8').toString('base64');
    delete text[key];
  }
  return { data: text, binaryData: binary };
}
