import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  brandFamily, decideCategory, normaliseAssemblyLocation, normaliseBrand, normaliseCategory, normaliseGtin, normaliseLocation,
  parseMemoryFromName, parseNumber, parsePrinterPpm, parseReportYear, parseScreenSizeFromName, parseServerType,
  parseStorage, sourceKey,
} from '../../src/modules/products/product-normalise.ts';
import { indexTokens, modelTokens, parseGeneration, tokeniseProductText } from '../../src/modules/products/product-tokens.ts';
import { PRODUCT_CATEGORIES } from '../../src/modules/products/product-types.ts';

describe('categories', () => {
  it.each([
    ['Thin client', 'Wyse 3040 Thin Client', 'thin_client'],
    ['Thin Client', 'Wyse 5010 Thin Client', 'thin_client'],
    ['Desktop', 'OptiPlex 7780 All-in-One Desktop', 'all_in_one'],
    ['Desktop', 'ThinkCentre M920z AIO', 'all_in_one'],
    ['Desktop', 'IdeaCentre AiO 3', 'all_in_one'],
    ['Desktop', '24-inch iMac with 4.5K Retina display', 'all_in_one'],
    ['Desktop', 'OptiPlex 7090 Tower', 'desktop'],
    ['Hard drive', 'Exos 10E2400 1.2TB', 'storage'],
    ['SAN/NAS', 'OneStor SP2584', 'storage'],
    ['Converged', 'Synergy 480 Gen10 Compute Module', 'server'],
    ['Converged Edge', 'Edgeline EL8000t', 'server'],
    ['IoT', 'Nest Audio', 'other'],
    ['Gaming', 'Xbox Series X', 'other'],
    ['Multimedia', 'Chromecast', 'other'],
    ['Entertainment', 'iPod touch', 'other'],
    ['Network', 'Nest Wifi router', 'network'],
    ['Monitor', 'ThinkCentre Tiny-in-One 24 4th Gen', 'monitor'],
    ['Spaceship', 'X', 'other'],
  ])('%s / %s -> %s', (sub, name, expected) => {
    expect(normaliseCategory(sub, name)).toBe(expected);
  });

  it('lets the sheet\'s sizes overrule a desktop label they contradict', () => {
    expect(normaliseCategory('Desktop', 'Precision 7750', null, { screen_in: 17, weight_kg: 3.13 })).toBe('laptop');
    expect(normaliseCategory('Desktop', 'Lenovo V410z', null, { screen_in: 21, weight_kg: 6.87 })).toBe('all_in_one');
    // A box named as one keeps its label whatever a size cell says; a heavy 17-inch unit is no notebook.
    expect(normaliseCategory('Desktop', 'Elite Tower 880 G9 Desktop PC', null, { screen_in: 27.5, weight_kg: 0.8 })).toBe('desktop');
    expect(normaliseCategory('Desktop', 'Some Box', null, { screen_in: 17, weight_kg: 9 })).toBe('desktop');
    expect(normaliseCategory('Desktop', 'Mac mini', null, { screen_in: null, weight_kg: null })).toBe('desktop');
    expect(decideCategory('Desktop', 'Precision 7750', null, { screen_in: 17, weight_kg: 3.13 }).reason).toMatch(/taken as a laptop/);
    expect(decideCategory('Laptop', 'ThinkPad T14', null, { screen_in: 14, weight_kg: 1.4 }).reason).toBeNull();
  });

  it('accepts API category names from uploads, in the category column too', () => {
    expect(normaliseCategory('thin_client')).toBe('thin_client');
    expect(normaliseCategory('', 'x', 'all-in-one')).toBe('all_in_one');
    expect(normaliseCategory(null, 'ThinkPad', 'Laptop')).toBe('laptop');
  });
});

describe('locations', () => {
  it.each([
    ['WW', 'WW'], ['Worldwide', 'WW'], ['EU', 'EU'], ['US', 'US'], ['North America', 'US'],
    ['Asia', 'Asia'], ['China', 'CN'], ['cn', 'CN'], ['Germany', 'DE'], ['fr', 'FR'], ['', null], ['Mars', null],
  ])('use %j -> %j', (raw, expected) => {
    expect(normaliseLocation(raw)).toBe(expected);
  });

  it('treats the "default" assembly site as unknown', () => {
    expect(normaliseAssemblyLocation('default')).toBeNull();
    expect(normaliseAssemblyLocation('China')).toBe('CN');
    expect(normaliseAssemblyLocation('KR')).toBe('KR');
  });
});

describe('brands', () => {
  it('canonicalises spellings and keeps HP and HPE apart but in one family', () => {
    expect(normaliseBrand('HP Inc.')).toBe('HP');
    expect(normaliseBrand('Hewlett Packard Enterprise')).toBe('HPE');
    expect(normaliseBrand(' dell  ')).toBe('Dell');
    expect(normaliseBrand('ACME COMPUTERS')).toBe('Acme Computers');
    expect(normaliseBrand('')).toBeNull();
    expect(brandFamily('HPE')).toBe(brandFamily('hp inc'));
    expect(brandFamily('Dell')).not.toBe(brandFamily('HP'));
  });
});

describe('numbers and dates', () => {
  it('reads 4 and 4.0 alike, a lone decimal comma, and refuses junk', () => {
    expect(parseNumber('4')).toBe(4);
    expect(parseNumber('4.0')).toBe(4);
    expect(parseNumber(' 0.2500 ')).toBe(0.25);
    expect(parseNumber('1,5')).toBe(1.5);
    expect(parseNumber('1,500')).toBeNull();
    expect(parseNumber('12kg')).toBeNull();
    expect(parseNumber('NaN')).toBeNull();
    expect(parseNumber('')).toBeNull();
  });

  it.each([
    ['December 2018', 2018], ['2022-2-6', 2022], ['26/07/2019', 2019], ['2017', 2017],
    ['September 14 2021', 2021], ['Feb 2021', 2021], ['', null], ['soon', null],
  ])('report date %j -> %j', (raw, year) => {
    expect(parseReportYear(raw)).toBe(year);
  });
});

describe('storage', () => {
  it('parses the hard_drive spellings of the catalogue', () => {
    expect(parseStorage('SSD 256GB')).toEqual([{ type: 'ssd', capacity_gb: 256 }]);
    expect(parseStorage('128GB SSD')).toEqual([{ type: 'ssd', capacity_gb: 128 }]);
    expect(parseStorage('x2 1TB 3.5in HDD')).toEqual([{ type: 'hdd', capacity_gb: 1000 }, { type: 'hdd', capacity_gb: 1000 }]);
    expect(parseStorage('x2 200GB SSD 1.8in')).toHaveLength(2);
    expect(parseStorage('x1 480GB 2.5in SSD x1 960GB 2.5in SSD')).toEqual([
      { type: 'ssd', capacity_gb: 480 }, { type: 'ssd', capacity_gb: 960 },
    ]);
    const mixed = parseStorage('x4 1TB 2.5in HDD   x2 300GB 2.5in HDD');
    expect(mixed.map((d) => d.capacity_gb)).toEqual([1000, 1000, 1000, 1000, 300, 300]);
  });

  it('finds no storage in printer speeds, blanks or counts without capacity', () => {
    expect(parseStorage('26ppm')).toEqual([]);
    expect(parsePrinterPpm('26ppm')).toBe(26);
    expect(parseStorage('x4 2.5in HDD Blank')).toEqual([]);
    expect(parseStorage('1 SSD')).toEqual([]);
  });

  it('uses the default type only for bare capacities, and skips RAM in names', () => {
    expect(parseStorage('256GB')).toEqual([]);
    expect(parseStorage('256GB', 'ssd')).toEqual([{ type: 'ssd', capacity_gb: 256 }]);
    const name = 'Mac Pro (2.5GHz 28-core CPU) with 1.5TB memory 4TB storage - 2019';
    expect(parseStorage(name, 'ssd')).toEqual([{ type: 'ssd', capacity_gb: 4000 }]);
    expect(parseMemoryFromName(name)).toBe(1536);
    expect(parseStorage('THUNDERBUG 300 Go', 'hdd')).toEqual([{ type: 'hdd', capacity_gb: 300 }]);
  });
});

describe('names', () => {
  it.each([
    ['ThinkPad T14 Gen 4', 4], ['EliteBook 840 G10', 10], ['iPad (9th generation)', 9], ['ThinkPad S3 Gen2', 2],
    ['ProLiant DL380 Gen10 server', 10], ['IdeaPad 730S-13 2nd Gen', 2], ['Lenovo G24-10', null], ['Latitude 5430', null],
  ])('generation of %j is %j', (name, gen) => {
    expect(parseGeneration(name)).toBe(gen);
  });

  it('splits generations off model numbers and keeps model numbers whole', () => {
    expect(tokeniseProductText('elitebook 840g10')).toEqual(['elitebook', '840', 'g10']);
    expect(tokeniseProductText('ThinkPad T14 Gen 4')).toEqual(['thinkpad', 't14', 'g4']);
    expect(tokeniseProductText('thinkpad t14 4th gen')).toEqual(['thinkpad', 't14', 'g4']);
    expect(tokeniseProductText('latitude5440')).toEqual(['latitude', '5440']);
    expect(indexTokens('EliteBook 840 Aero G8 Notebook PC')).toEqual(['elitebook', '840', 'aero', 'g8']);
    expect(modelTokens('PowerEdge R730XD')).toEqual(['r730xd']);
    expect(tokeniseProductText('Surface Pro 7+')).toEqual(['surface', 'pro', '7', 'plus']);
  });

  it('reads screen sizes from names', () => {
    expect(parseScreenSizeFromName('13-inch MacBook Air')).toBe(13);
    expect(parseScreenSizeFromName('ZBook Fury 15.6 Inch G8')).toBe(15.6);
    expect(parseScreenSizeFromName('Fortis 14” G10 Chromebook')).toBe(14);
    expect(parseScreenSizeFromName('PowerEdge R740')).toBeNull();
  });

  it('keys are case/space-insensitive but keep punctuation that separates declarations', () => {
    expect(sourceKey('Dell', 'Latitude 5290  2-In-1')).toBe(sourceKey('dell', 'latitude 5290 2-in-1'));
    expect(sourceKey('Lenovo', 'IdeaPad 1 14')).not.toBe(sourceKey('Lenovo', 'IdeaPad 1-14'));
  });

  it('validates GTIN check digits', () => {
    expect(normaliseGtin('4006381333931')).toBe('04006381333931');
    expect(normaliseGtin('4006381333932')).toBeNull();
    expect(parseServerType('Rack')).toBe('rack');
    expect(parseServerType('Laser Couleur')).toBeNull();
  });
});

describe('normalisers are total', () => {
  it('never throw on arbitrary strings and stay in their domains', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.string({ maxLength: 40 }), (a, b) => {
        expect(PRODUCT_CATEGORIES).toContain(normaliseCategory(a, b, b));
        const loc = normaliseLocation(a);
        expect(loc === null || /^(?:[A-Z]{2}|Asia)$/.test(loc)).toBe(true);
        const n = parseNumber(a);
        expect(n === null || Number.isFinite(n)).toBe(true);
        for (const d of parseStorage(`${a} ${b}`, 'ssd')) expect(d.capacity_gb).toBeGreaterThan(0);
        normaliseBrand(a);
        parseReportYear(a);
        parseGeneration(a);
        parseScreenSizeFromName(a);
        parseMemoryFromName(a);
        normaliseGtin(a);
        sourceKey(a, b);
        for (const t of tokeniseProductText(a)) expect(t).toMatch(/^[a-z0-9.]+$/);
      }),
      { numRuns: 2000 },
    );
  });
});
