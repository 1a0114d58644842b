/** `tsdl course` (being built). */
export async function main(_argv: string[]): Promise<number> {
  console.error("tsdl course: not yet implemented");
  return 1;
}
