// Byte counts as people read them in an error message: "26,214,400 bytes (25 MiB)".

export function describeBytes(bytes: number): string {
  const exact = `${bytes.toLocaleString('en')} bytes`;
  if (bytes < 1024) return exact;
  const [unit, size] = bytes >= 1024 * 1024 ? ['MiB', bytes / (1024 * 1024)] : ['KiB', bytes / 1024];
  const rounded = Number.isInteger(size) ? String(size) : size.toFixed(1);
  return `${exact} (${rounded} ${unit})`;
}
