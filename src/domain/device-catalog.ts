/** Device families Apple reports, the OS each runs, and believable models and colors. */
export const FAMILY_OS = {
  iPhone: 'iOS',
  iPad: 'iPadOS',
  iPod: 'iOS',
  Mac: 'OSX',
  AppleTV: 'tvOS',
  Vision: 'visionOS',
} as const;

export type DeviceFamily = keyof typeof FAMILY_OS;

export const KNOWN_OS = ['iOS', 'iPadOS', 'OSX', 'tvOS', 'visionOS'] as const;

export interface CatalogModel {
  family: DeviceFamily;
  model: string;
  description: string;
  colors: readonly string[];
  /** Year of introduction: picks the serial number format of its era. */
  year: number;
  /** Has a built-in Ethernet port (reports `ethernet_mac_address`). */
  ethernet?: boolean;
}

export const CATALOG: readonly CatalogModel[] = [
  {
    family: 'iPhone',
    model: 'iPhone 15',
    description: 'IPHONE 15 128GB',
    colors: ['BLACK', 'BLUE', 'PINK'],
    year: 2023,
  },
  {
    family: 'iPhone',
    model: 'iPhone 16 Pro',
    description: 'IPHONE 16 PRO 256GB',
    colors: ['NATURAL TITANIUM', 'BLACK TITANIUM'],
    year: 2024,
  },
  {
    family: 'iPhone',
    model: 'iPhone SE',
    description: 'IPHONE SE 64GB',
    colors: ['MIDNIGHT', 'STARLIGHT'],
    year: 2022,
  },
  {
    family: 'iPad',
    model: 'iPad Air',
    description: 'IPAD AIR WI-FI 128GB',
    colors: ['SPACE GRAY', 'BLUE'],
    year: 2024,
  },
  {
    family: 'iPad',
    model: 'iPad',
    description: 'IPAD WI-FI 64GB',
    colors: ['SILVER', 'SPACE GRAY'],
    year: 2022,
  },
  {
    family: 'iPad',
    model: 'iPad Pro',
    description: 'IPAD PRO 11 WI-FI + CELLULAR 256GB',
    colors: ['SILVER', 'SPACE BLACK'],
    year: 2024,
  },
  {
    family: 'Mac',
    model: 'MacBook Air',
    description: 'MBA 13.6 M3 8C CPU 10C GPU 16GB 512GB',
    colors: ['MIDNIGHT', 'STARLIGHT', 'SILVER'],
    year: 2024,
  },
  {
    family: 'Mac',
    model: 'MacBook Pro',
    description: 'MBP 14 M4 PRO 12C CPU 16C GPU 24GB 1TB',
    colors: ['SPACE BLACK', 'SILVER'],
    year: 2024,
  },
  {
    family: 'Mac',
    model: 'Mac mini',
    description: 'MAC MINI M4 10C CPU 10C GPU 16GB 256GB',
    colors: ['SILVER'],
    year: 2024,
    ethernet: true,
  },
  {
    family: 'AppleTV',
    model: 'Apple TV 4K',
    description: 'APPLE TV 4K WI-FI + ETHERNET 128GB',
    colors: ['BLACK'],
    year: 2022,
    ethernet: true,
  },
  {
    family: 'Vision',
    model: 'Apple Vision Pro',
    description: 'APPLE VISION PRO 256GB',
    colors: ['SILVER'],
    year: 2024,
  },
  {
    family: 'iPod',
    model: 'iPod touch',
    description: 'IPOD TOUCH 32GB',
    colors: ['SPACE GRAY'],
    year: 2019,
  },
  // Older models, so generated organizations mix serial number formats of several eras.
  {
    family: 'iPhone',
    model: 'iPhone 8',
    description: 'IPHONE 8 64GB',
    colors: ['SPACE GRAY', 'SILVER', 'GOLD'],
    year: 2017,
  },
  {
    family: 'iPhone',
    model: 'iPhone 11',
    description: 'IPHONE 11 128GB',
    colors: ['BLACK', 'WHITE', 'PURPLE'],
    year: 2019,
  },
  {
    family: 'iPad',
    model: 'iPad mini 4',
    description: 'IPAD MINI 4 WI-FI 16GB',
    colors: ['SPACE GRAY', 'SILVER', 'GOLD'],
    year: 2015,
  },
  {
    family: 'iPad',
    model: 'iPad Air 2',
    description: 'IPAD AIR 2 WI-FI + CELLULAR 64GB',
    colors: ['SPACE GRAY', 'SILVER'],
    year: 2014,
  },
  {
    family: 'Mac',
    model: 'MacBook Pro',
    description: 'MBP 13.3 2.7GHZ I5 8GB 128GB',
    colors: ['SILVER'],
    year: 2015,
  },
  {
    family: 'Mac',
    model: 'iMac',
    description: 'IMAC 27 5K 3.7GHZ I5 8GB 2TB FUSION',
    colors: ['SILVER'],
    year: 2019,
    ethernet: true,
  },
  {
    family: 'Mac',
    model: 'Mac mini',
    description: 'MAC MINI 2.4GHZ C2D 2GB 320GB',
    colors: ['SILVER'],
    year: 2010,
    ethernet: true,
  },
  {
    family: 'Mac',
    model: 'MacBook',
    description: 'MACBOOK 13.3 2.26GHZ C2D 2GB 250GB',
    colors: ['WHITE'],
    year: 2009,
  },
  {
    family: 'AppleTV',
    model: 'Apple TV HD',
    description: 'APPLE TV HD 32GB',
    colors: ['BLACK'],
    year: 2015,
    ethernet: true,
  },
];

export function isDeviceFamily(value: string): value is DeviceFamily {
  return Object.hasOwn(FAMILY_OS, value);
}

/** The first catalog entry of a family: the defaults for fields a caller left out. */
export function defaultModelOf(family: DeviceFamily): CatalogModel {
  return CATALOG.find((entry) => entry.family === family) ?? (CATALOG[0] as CatalogModel);
}
