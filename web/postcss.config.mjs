// Tailwind CSS 4 runs as a single PostCSS plugin; globals.css does `@import "tailwindcss"`.
export default {
  plugins: { '@tailwindcss/postcss': {} },
};
