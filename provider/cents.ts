// Money in whole cents of the quotes' currency: Billing Center's amounts are decimals of two places.

/** A decimal amount (a number, or its text as Billing Center writes it) in cents. */
export function toCents(amount: number | string): number {
  return Math.round(Number(amount) * 100);
}

/** Cents as the decimal text the messages and reports show. */
export function formatCents(cents: number): string {
  return (cents / 100).toFixed(2);
}
