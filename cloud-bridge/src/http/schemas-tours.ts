import { Tour } from '@regiobox/contract';
import { TourStatus } from '../marketplace/tours.js';
import { requestSchemas, responseSchemas } from './schemas.js';

/** `set_tour` through the API: the contract's tour, as the van receives it. */
export const TourRequest = Tour.register(requestSchemas, { id: 'TourRequest' });

export const TourStatusResponse = TourStatus.register(responseSchemas, { id: 'TourStatus' });
