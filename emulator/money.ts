// Amounts are kept in integer cents so that sums and balances never drift; the wire speaks yuan.

export function centsToYuan(cents: number): number {
  return Math.round(cents) / 100;
}

/** Yuan with two decimals, as BSS writes amounts in strings ("129.00"). */
export function centsToYuanText(cents: number): string {
  return (Math.round(cents) / 100).toFixed(2);
}

export function yuanToCents(yuan: number): number {
  return Math.round(yuan * 100);
}
