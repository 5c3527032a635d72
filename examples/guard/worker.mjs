// The whole guard Worker: the prebuilt module from the npm package. Settings live in wrangler.toml.
export { default } from 'clerk-edge/guard';
