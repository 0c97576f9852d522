import { z } from 'zod';

/** A sales van: where its position comes from and how strictly stops and windows are kept. */
export const VanConfig = z
  .strictObject({
    gpsd: z
      .strictObject({
        host: z.string().min(1).default('127.0.0.1').describe('gpsd host'),
        port: z.number().int().min(1).max(65535).default(2947).describe('gpsd port'),
      })
      .nullable()
      .default({ host: '127.0.0.1', port: 2947 })
      .describe(
        'where gpsd listens (JSON protocol over TCP), default 127.0.0.1:2947; null: no gpsd, the driver confirms stops by hand',
      ),
    graceMinutes: z
      .number()
      .int()
      .min(0)
      .max(240)
      .default(15)
      .describe(
        "minutes before a stop's window opens and after it closes in which its customers' PINs still open",
      ),
    fixMaxAgeSeconds: z
      .number()
      .int()
      .min(2)
      .max(600)
      .default(30)
      .describe('a position older than this counts as lost GPS (the driver may then confirm a stop by hand)'),
    positionEventSeconds: z
      .number()
      .int()
      .min(10)
      .max(3600)
      .default(300)
      .describe('at most how often a `tour.position` event tells the marketplace where the van is'),
    driverCodeFile: z
      .string()
      .min(1)
      .optional()
      .describe(
        "file holding the driver's code for confirming a stop by hand on the van's screen; without it no stop can be confirmed by hand",
      ),
  })
  .describe('sales van on a tour (edge/VAN.md)');
export type VanConfig = z.infer<typeof VanConfig>;
