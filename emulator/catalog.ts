// The emulator's product catalogue: the codes BSS reports for a KooPhone phone and what it costs.
// None of these values is published by Huawei; they are the emulator's choices (see the README).

/** The emulator's choice of BSS `service_type_code` for KooPhone (the real code is unconfirmed). */
export const SERVICE_TYPE_CODE = "hws.service.type.koophone";

/** The emulator's choice of BSS `resource_type_code` for a cloud phone. */
export const RESOURCE_TYPE_CODE = "hws.resource.type.koophone.instance";

/** Display names that go with those codes. */
export const SERVICE_TYPE_NAME = "KooPhone";
export const RESOURCE_TYPE_NAME = "KooPhone instance";

export const REGION = "cn-north-4";
export const REGION_NAME = "CN North-Beijing4";
export const PROJECT_ID = "0e3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c";
export const PROJECT_NAME = "cn-north-4";
export const CURRENCY = "CNY";

/** A phone specification: its BSS spec code, the KooPhone display text, and list prices in cents (CNY). */
export interface Sku {
  code: string;
  /** BSS `product_id` of the yearly/monthly offer. */
  productId: string;
  display: string;
  monthlyCents: number;
  yearlyCents: number;
}

/** Yearly is ten times monthly, the usual two-months-free discount of yearly plans. */
export const SKUS: readonly Sku[] = [
  {
    code: "koophone.basic.2u4g",
    productId: "OFFI900000000000001",
    display: "Basic | 2 vCPUs | 4GB | 32GB storage | up to 720p",
    monthlyCents: 6900,
    yearlyCents: 69000,
  },
  {
    code: "koophone.standard.4u8g",
    productId: "OFFI900000000000002",
    display: "Standard | 4 vCPUs | 8GB | 64GB storage | up to 1080p",
    monthlyCents: 12900,
    yearlyCents: 129000,
  },
  {
    code: "koophone.pro.8u16g",
    productId: "OFFI900000000000003",
    display: "Pro | 8 vCPUs | 16GB | 128GB storage | up to 1080p",
    monthlyCents: 25900,
    yearlyCents: 259000,
  },
];

export const DEFAULT_SKU = "koophone.standard.4u8g";

export function findSku(code: string): Sku | undefined {
  return SKUS.find((sku) => sku.code === code);
}

export function skuOrThrow(code: string): Sku {
  const sku = findSku(code);
  if (!sku) throw new Error(`unknown phone SKU "${code}" (known: ${SKUS.map((s) => s.code).join(", ")})`);
  return sku;
}
