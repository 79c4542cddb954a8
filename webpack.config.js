/* eslint-disable */
/**
 * Builds the 考核助手 Excel add-in into dist/:
 *   taskpane.html + taskpane.js   the task pane (addin/ui/taskpane.ts)
 *   commands.html + commands.js   the ribbon's function file (required by the manifest)
 *   help.html                     the support page the manifest links to
 *   assets/icon-*.png             ribbon icons
 *   manifest.xml                  with https://localhost:3000/ replaced by ADDIN_PUBLIC_URL
 *
 *   ADDIN_PUBLIC_URL=https://hr.example.com/kaohe/ npm run build
 *
 * The pages load office.js from Microsoft's CDN (https://appsforoffice.microsoft.com/lib/1/hosted/office.js),
 * as Microsoft requires of add-ins; the npm package @microsoft/office-js is an outdated snapshot (no Notes
 * API) and is used only by the tests, which route the CDN URL to it.
 *
 * A production build never touches certificates. `npm run dev-server` (used by `npm start`) serves
 * https://localhost:3000 with the office-addin-dev-certs certificates when they are installed
 * (npx office-addin-dev-certs install).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const DEV_URL = 'https://localhost:3000/';

/** The URL the built manifest points at; must be https and end with '/'. */
function publicUrl(mode) {
  const raw = (process.env.ADDIN_PUBLIC_URL || '').trim();
  if (!raw) {
    if (mode === 'production') {
      console.warn('[kaohe] ADDIN_PUBLIC_URL 未设置：dist/manifest.xml 仍指向 ' + DEV_URL + '（仅供本机旁加载）。');
    }
    return DEV_URL;
  }
  const url = raw.endsWith('/') ? raw : raw + '/';
  if (!/^https:\/\/[^\s"<>]+\/$/.test(url)) {
    throw new Error('ADDIN_PUBLIC_URL 必须是 https:// 开头的地址，例如 https://hr.example.com/kaohe/ ，当前为：' + raw);
  }
  return url;
}

/** Office add-in dev certificates from `npx office-addin-dev-certs install`, when present. */
function devHttpsOptions() {
  const dir = path.join(os.homedir(), '.office-addin-dev-certs');
  const files = { key: 'localhost.key', cert: 'localhost.crt', ca: 'ca.crt' };
  if (!Object.values(files).every((f) => fs.existsSync(path.join(dir, f)))) return undefined;
  return Object.fromEntries(Object.entries(files).map(([k, f]) => [k, fs.readFileSync(path.join(dir, f))]));
}

const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

module.exports = (env, argv) => {
  const mode = argv.mode || 'production';
  const url = publicUrl(mode);
  const https = mode === 'development' ? devHttpsOptions() : undefined;
  return {
    mode,
    devtool: mode === 'development' ? 'source-map' : false,
    context: __dirname,
    entry: {
      taskpane: './addin/ui/taskpane.ts',
      commands: './addin/ui/commands.ts',
    },
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: '[name].js',
      clean: true,
    },
    resolve: { extensions: ['.ts', '.js', '.json'] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: {
              transpileOnly: true,
              configFile: path.resolve(__dirname, 'tsconfig.json'),
              compilerOptions: { module: 'es2020' },
            },
          },
        },
      ],
    },
    performance: { hints: false },
    plugins: [
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './addin/ui/taskpane.html',
        chunks: ['taskpane'],
        scriptLoading: 'defer',
      }),
      new HtmlWebpackPlugin({
        filename: 'commands.html',
        template: './addin/ui/commands.html',
        chunks: ['commands'],
        scriptLoading: 'defer',
      }),
      new HtmlWebpackPlugin({ filename: 'help.html', template: './addin/ui/help.html', chunks: [] }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            transform: (content) =>
              content
                .toString()
                .split('<AppDomain>' + DEV_URL.slice(0, -1) + '</AppDomain>')
                .join('<AppDomain>' + escapeXml(new URL(url).origin) + '</AppDomain>')
                .split(DEV_URL)
                .join(escapeXml(url)),
          },
        ],
      }),
    ],
    devServer: {
      port: 3000,
      headers: { 'Access-Control-Allow-Origin': '*' },
      static: { directory: path.resolve(__dirname, 'dist') },
      server: https ? { type: 'https', options: https } : 'https',
    },
  };
};
