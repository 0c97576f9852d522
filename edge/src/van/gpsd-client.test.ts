import { describe, expect, it } from 'vitest';
import { fixFromGpsdLine } from './gpsd-client.js';

// Lines as gpsd 3.22 sends them (captured from gpsd fed by gpsfake).
const VERSION = '{"class":"VERSION","release":"3.22","rev":"3.22","proto_major":3,"proto_minor":14}';
const TPV_3D =
  '{"class":"TPV","device":"/dev/pts/5","mode":3,"time":"2026-03-02T08:00:07.000Z","ept":0.005,"lat":51.912800000,"lon":13.946200000,"altHAE":104.0000,"altMSL":60.0000,"alt":60.0000,"track":0.0000,"magtrack":4.1721,"magvar":4.2,"speed":0.000,"geoidSep":44.000,"eph":17.100}';
const TPV_NO_FIX = '{"class":"TPV","device":"/dev/pts/5","mode":1,"time":"2026-03-02T08:00:08.000Z"}';
const SKY = '{"class":"SKY","device":"/dev/pts/5","xdop":0.52,"ydop":0.61,"satellites":[]}';

describe("gpsd's JSON reports", () => {
  const now = new Date('2026-03-02T08:00:09Z');

  it('a TPV with a 2D or 3D fix is a position', () => {
    expect(fixFromGpsdLine(TPV_3D, now)).toEqual({
      lat: 51.9128,
      lon: 13.9462,
      at: new Date('2026-03-02T08:00:07.000Z'),
    });
  });

  it('a TPV without a fix, other reports and garbage are no position', () => {
    for (const line of [VERSION, TPV_NO_FIX, SKY, '{"class":"TPV","mode":3}', 'not json', '{"class":"TPV",'])
      expect(fixFromGpsdLine(line, now), line).toBeNull();
  });
});
