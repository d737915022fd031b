/** A process's output split into its JSON log lines and every other line (the start-up line). */
export function logLines(output: string): { lines: any[]; other: string[] } {
  const lines: any[] = [];
  const other: string[] = [];
  for (const text of output.split("\n")) {
    if (!text.trim()) continue;
    try {
      lines.push(JSON.parse(text));
    } catch {
      other.push(text);
    }
  }
  return { lines, other };
}
