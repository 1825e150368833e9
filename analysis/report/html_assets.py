"""The stylesheet and script inlined into every report page (no web fonts, no external files).

Kept as constants (immutable strings) so each page is self-contained; about 5 kB per page.
"""

STYLESHEET = """
:root{--fg:#1d2329;--muted:#5b6670;--line:#d9dee3;--bg:#fff;--soft:#f5f7f9;--accent:#1f5fa8;--code:#f6f8fa}
*{box-sizing:border-box}
html{scroll-padding-top:3.2rem}
body{margin:0;color:var(--fg);background:var(--bg);font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--accent)}
.topbar,.bottombar{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;align-items:center;padding:.55rem 1.2rem;background:#24303c;color:#fff;font-size:.92rem}
.topbar{position:sticky;top:0;z-index:10}
.topbar a,.bottombar a{color:#fff;text-decoration:none}
.topbar a:hover,.bottombar a:hover{text-decoration:underline}
.home{font-weight:600;margin-right:auto}
.disabled{opacity:.35}
#toggle-code{font:inherit;font-size:.85rem;color:#24303c;background:#e8edf2;border:0;border-radius:3px;padding:.15rem .6rem;cursor:pointer}
.layout{display:flex;align-items:flex-start;max-width:88rem;margin:0 auto}
.sidebar{position:sticky;top:2.6rem;flex:0 0 15rem;max-height:calc(100vh - 2.6rem);overflow-y:auto;padding:1rem .8rem 2rem 1.2rem;font-size:.86rem;border-right:1px solid var(--line)}
.sidebar h2{font-size:.75rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:1rem 0 .3rem}
.sidebar ol,.sidebar ul{list-style:none;margin:0;padding:0}
.sidebar li{margin:.18rem 0}
.sidebar a{text-decoration:none}
.sidebar a[aria-current]{font-weight:700;color:var(--fg)}
.notebook{flex:1 1 auto;min-width:0;padding:1rem 1.6rem 3rem}
@media (max-width:60rem){.layout{display:block}.sidebar{position:static;max-height:none;border-right:0;border-bottom:1px solid var(--line)}.sidebar .toc{columns:2}}
h1{font-size:1.6rem;line-height:1.25;margin:.6rem 0 1rem}
h2{font-size:1.25rem;margin:2rem 0 .6rem;padding-bottom:.2rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.4rem 0 .4rem}
.anchor-link{visibility:hidden;margin-left:.3rem;text-decoration:none;color:var(--muted)}
h1:hover .anchor-link,h2:hover .anchor-link,h3:hover .anchor-link,h4:hover .anchor-link{visibility:visible}
.md{max-width:52rem}
.md table,.output-html table,table.summary{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
.md th,.md td,.output-html th,.output-html td{border:1px solid var(--line);padding:.25rem .5rem;vertical-align:top;text-align:left}
.output-html thead th,.md thead th{background:var(--soft)}
.output-html tbody tr:nth-child(even){background:#fafbfc}
.output-html td{max-width:40rem}
.output-html{overflow-x:auto}
.cell{margin:.4rem 0 .9rem}
details.code>summary{font-size:.8rem;color:var(--muted);cursor:pointer;width:max-content}
details.code[open]>summary{margin-bottom:.2rem}
.highlight{background:var(--code);border:1px solid var(--line);border-radius:4px;overflow-x:auto}
pre{margin:0;padding:.5rem .7rem;font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;overflow-x:auto}
pre.stream,pre.plain,pre.latex{background:#fff;border-left:3px solid var(--line);white-space:pre-wrap;overflow-wrap:anywhere}
pre.stderr{background:#fff6e6}
pre.error{background:#fdecec;border-left:3px solid #c62828}
details.long-table,details.long-text{margin:.3rem 0}
details.long-table>summary,details.long-text>summary{cursor:pointer;font-size:.85rem;color:var(--accent);padding:.25rem .5rem;background:var(--soft);border:1px solid var(--line);border-radius:4px;width:max-content}
.output-image{overflow-x:auto}
.output-image img{max-width:100%;height:auto;display:block;margin:.4rem 0;cursor:zoom-in}
.output-image img.full{max-width:none;cursor:zoom-out}
.blocked-image,.note{color:var(--muted);font-style:italic}
.index{max-width:62rem;margin:0 auto;padding:1rem 1.6rem 3rem}
table.summary th{text-align:left;font-weight:600;padding:.3rem 1.2rem .3rem 0;border-bottom:1px solid var(--line);vertical-align:top}
table.summary td{padding:.3rem 0;border-bottom:1px solid var(--line)}
.cards{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:1rem}
.card a{display:flex;flex-direction:column;height:100%;padding:.9rem 1rem;border:1px solid var(--line);border-radius:6px;color:var(--fg);text-decoration:none;background:#fff}
.card a:hover{border-color:var(--accent);box-shadow:0 1px 6px rgba(0,0,0,.08)}
.card h3{margin:0 0 .5rem;color:var(--accent);font-size:1rem;line-height:1.3}
.card p{margin:0 0 .6rem;font-size:.88rem;color:var(--muted);flex:1}
.card .more{font-size:.85rem;color:var(--accent)}
.highlight .c,.highlight .c1,.highlight .cm,.highlight .ch{color:#6a737d;font-style:italic}
.highlight .k,.highlight .kn,.highlight .kc,.highlight .kd,.highlight .ow{color:#a626a4}
.highlight .s,.highlight .s1,.highlight .s2,.highlight .sa,.highlight .sd,.highlight .se,.highlight .si{color:#22863a}
.highlight .mi,.highlight .mf,.highlight .m{color:#b15c00}
.highlight .nf,.highlight .fm{color:#005cc5}
.highlight .nc,.highlight .nn{color:#6f42c1}
.highlight .nb,.highlight .bp{color:#e36209}
.highlight .o{color:#444}
@media print{.topbar,.bottombar,.sidebar,#toggle-code{display:none}details>*{display:block}}
"""

SCRIPT = """
(function(){var b=document.getElementById("toggle-code"),d=document.querySelectorAll("details.code");
if(!b||!d.length)return;b.hidden=false;b.addEventListener("click",function(){
var open=b.getAttribute("aria-pressed")!=="true";d.forEach(function(x){x.open=open;});
b.setAttribute("aria-pressed",String(open));b.textContent=open?"Hide all code":"Show all code";});})();
document.querySelectorAll(".output-image img").forEach(function(i){i.title="Click for full size";
i.addEventListener("click",function(){i.classList.toggle("full");});});
"""
