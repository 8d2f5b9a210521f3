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
}

export const CATALOG: readonly CatalogModel[] = [
  {
    family: 'iPhone',
    model: 'iPhone 15',
    description: 'IPHONE 15 128GB',
    colors: ['BLACK', 'BLUE', 'PINK'],
  },
  {
    family: 'iPhone',
    model: 'iPhone 16 Pro',
    description: 'IPHONE 16 PRO 256GB',
    colors: ['NATURAL TITANIUM', 'BLACK TITANIUM'],
  },
  {
    family: 'iPhone',
    model: 'iPhone SE',
    description: 'IPHONE SE 64GB',
    colors: ['MIDNIGHT', 'STARLIGHT'],
  },
  {
    family: 'iPad',
    model: 'iPad Air',
    description: 'IPAD AIR WI-FI 128GB',
    colors: ['SPACE GRAY', 'BLUE'],
  },
  {
    family: 'iPad',
    model: 'iPad',
    description: 'IPAD WI-FI 64GB',
    colors: ['SILVER', 'SPACE GRAY'],
  },
  {
    family: 'iPad',
    model: 'iPad Pro',
    description: 'IPAD PRO 11 WI-FI + CELLULAR 256GB',
    colors: ['SILVER', 'SPACE BLACK'],
  },
  {
    family: 'Mac',
    model: 'MacBook Air',
    description: 'MBA 13.6 M3 8C CPU 10C GPU 16GB 512GB',
    colors: ['MIDNIGHT', 'STARLIGHT', 'SILVER'],
  },
  {
    family: 'Mac',
    model: 'MacBook Pro',
    description: 'MBP 14 M4 PRO 12C CPU 16C GPU 24GB 1TB',
    colors: ['SPACE BLACK', 'SILVER'],
  },
  {
    family: 'Mac',
    model: 'Mac mini',
    description: 'MAC MINI M4 10C CPU 10C GPU 16GB 256GB',
    colors: ['SILVER'],
  },
  {
    family: 'AppleTV',
    model: 'Apple TV 4K',
    description: 'APPLE TV 4K WI-FI + ETHERNET 128GB',
    colors: ['BLACK'],
  },
  {
    family: 'Vision',
    model: 'Apple Vision Pro',
    description: 'APPLE VISION PRO 256GB',
    colors: ['SILVER'],
  },
  { family: 'iPod', model: 'iPod touch', description: 'IPOD TOUCH 32GB', colors: ['SPACE GRAY'] },
];

export function isDeviceFamily(value: string): value is DeviceFamily {
  return Object.hasOwn(FAMILY_OS, value);
}

/** The first catalog entry of a family: the defaults for fields a caller left out. */
export function defaultModelOf(family: DeviceFamily): CatalogModel {
  return CATALOG.find((entry) => entry.family === family) ?? (CATALOG[0] as CatalogModel);
}
