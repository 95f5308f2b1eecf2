/** What a caught error says, for a stored failure or a message to the user: its message, else its name. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}
