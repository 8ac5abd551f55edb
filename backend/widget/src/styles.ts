/**
 * The widget's whole style sheet, inside its shadow root: nothing here reaches the page, and
 * `:host` declarations marked !important beat the page's own (the inner context wins for
 * important declarations), so a page's `* { ... !important }` cannot move or hide it.
 */
export const STYLES = `
:host{all:initial!important;position:fixed!important;right:20px!important;bottom:20px!important;z-index:2147483000!important;display:block!important;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif!important;color:#1c1b1f!important}
*{box-sizing:border-box}
[hidden]{display:none!important}
.launcher{position:relative;width:56px;height:56px;border:0;border-radius:50%;background:#4f46e5;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:grid;place-items:center;margin-left:auto}
.launcher svg{width:28px;height:28px;fill:currentColor}
.launcher:focus-visible,button:focus-visible,textarea:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.badge{position:absolute;top:-4px;right:-4px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#dc2626;color:#fff;font:700 12px/22px system-ui,sans-serif;text-align:center}
.panel{display:flex;flex-direction:column;width:360px;height:min(560px,calc(100vh - 110px));margin-bottom:12px;background:#fff;border-radius:16px;box-shadow:0 8px 30px rgba(0,0,0,.25);overflow:hidden}
header{display:flex;align-items:center;gap:8px;padding:12px 12px 12px 16px;background:#4f46e5;color:#fff}
h2{flex:1;margin:0;font:600 16px/1.3 system-ui,sans-serif;color:inherit}
.min{width:36px;height:36px;border:0;border-radius:50%;background:transparent;color:inherit;font-size:22px;line-height:1;cursor:pointer}
.min:hover{background:rgba(255,255,255,.15)}
.status{padding:6px 16px;background:#fef3c7;color:#78350f;font-size:13px}
.support{padding:6px 16px;background:#eef2ff;color:#3730a3;font-size:13px;font-weight:600}
.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f8f7fc}
.msg{max-width:85%;padding:8px 12px;border-radius:14px;background:#fff;border:1px solid #e4e2ec;overflow-wrap:anywhere;white-space:normal}
.msg .who{display:block;font-size:12px;font-weight:600;color:#4f46e5;margin-bottom:2px}
.mine{align-self:flex-end;background:#4f46e5;border-color:#4f46e5;color:#fff}
.mine a{color:#fff}
.pending{opacity:.7}
.failed{border-color:#dc2626}
.system{align-self:center;max-width:100%;background:transparent;border:0;color:#57534e;font-size:13px;text-align:center}
.greeting{background:#eef2ff;border-color:#c7d2fe}
code{font:13px ui-monospace,Menlo,Consolas,monospace;background:rgba(0,0,0,.06);padding:1px 4px;border-radius:4px}
pre{margin:4px 0;padding:8px;background:rgba(0,0,0,.06);border-radius:8px;overflow-x:auto}
pre code{background:none;padding:0}
a{color:#4338ca}
form{display:flex;gap:8px;padding:10px;border-top:1px solid #e4e2ec;background:#fff}
textarea{flex:1;resize:none;min-height:40px;max-height:120px;padding:9px 12px;border:1px solid #c9c6d6;border-radius:20px;font:inherit;color:inherit;background:#fff}
.send{flex:none;height:40px;padding:0 16px;border:0;border-radius:20px;background:#4f46e5;color:#fff;font:600 14px system-ui,sans-serif;cursor:pointer}
.person{align-self:center;margin:8px auto 0;border:1px solid #4f46e5;background:#fff;color:#4f46e5;border-radius:16px;padding:6px 12px;font:600 13px system-ui,sans-serif;cursor:pointer}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:480px){
:host{right:12px!important;bottom:12px!important}
:host(.open){inset:0!important}
.panel{position:fixed;inset:0;width:100%;height:100%;margin:0;border-radius:0}
:host(.open) .launcher{display:none}
textarea{font-size:16px}
}
@media (prefers-reduced-motion:no-preference){.panel{animation:rise .15s ease-out}@keyframes rise{from{opacity:0;transform:translateY(8px)}}}
`;
