import type { Random } from './serial-formats.js';

/** Organizationally unique identifiers registered to Apple. */
const APPLE_OUIS = ['A4:83:E7', 'F0:18:98', '3C:22:FB', 'AC:BC:32', '88:66:5A', 'BC:D0:74'];

function digits(count: number, random: Random): string {
  let out = '';
  for (let i = 0; i < count; i += 1) out += String(Math.floor(random() * 10));
  return out;
}

function hexByte(random: Random): string {
  return Math.floor(random() * 256)
    .toString(16)
    .toUpperCase()
    .padStart(2, '0');
}

/** `AA:BB:CC:DD:EE:FF` under one of Apple's OUIs. */
export function macAddress(random: Random): string {
  const oui = APPLE_OUIS[Math.floor(random() * APPLE_OUIS.length)] as string;
  return `${oui}:${hexByte(random)}:${hexByte(random)}:${hexByte(random)}`;
}

/** The Luhn check digit of a string of decimal digits. */
export function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    let value = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) value *= 2;
    sum += value > 9 ? value - 9 : value;
  }
  return String((10 - (sum % 10)) % 10);
}

/** 15 digits: an Apple-like type allocation code (35...), a unit number, a Luhn digit. */
export function imei(random: Random): string {
  const body = `35${digits(12, random)}`;
  return body + luhnDigit(body);
}

/** iPhones report as MEID the first 14 digits of their IMEI. */
export function meidOf(imeiValue: string): string {
  return imeiValue.slice(0, 14);
}

/** 32 digits of an eUICC identifier whose whole value is 1 modulo 97 (GSMA SGP.02). */
export function eid(random: Random): string {
  const body = `89049032${digits(22, random)}`;
  const check = 98n - ((BigInt(body) * 100n) % 97n);
  return body + String(check).padStart(2, '0');
}
