export * from './protocol';
export * from './cursor';
export * from './backoff';
export * from './transport';
export * from './GatewayClient';
