export * from './config';
export * from './posterior';
export * from './optimize';
export * from './responses';
export { estimateEAP } from './eap';
export { estimateMAP } from './map';
export { estimateMLE } from './mle';
export { estimateWLE } from './wle';
export { estimateAbility } from './estimate';
