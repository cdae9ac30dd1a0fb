/** The only assets pages load, served by Sésame itself (no external asset, no inline script). */
export const STYLESHEET = `:root{--ink:#1d2433;--muted:#5b6477;--accent:#0b5cad;--accent-ink:#fff;--error:#b00020;--bg:#eef2f7;--card:#fff;--line:#cfd6e2}
*{box-sizing:border-box}
html{font-size:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Ubuntu,sans-serif;color:var(--ink);background:var(--bg);line-height:1.5}
.banner{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;padding:1rem 1.25rem;background:var(--accent);color:var(--accent-ink)}
.brand{display:inline-flex;align-items:center;gap:.5rem;font-weight:700;font-size:1.35rem;letter-spacing:.02em}
.mark{width:1.75rem;height:1.75rem;flex:none}
.tagline{font-size:.95rem;opacity:.9}
.card{max-width:28rem;margin:1.5rem auto;padding:1.5rem 1.25rem;background:var(--card);border-radius:.5rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.5rem;margin:0 0 .75rem}
.intro{margin-top:0;color:var(--muted)}
form.login{display:flex;flex-direction:column;gap:.35rem}
fieldset.profiles{border:1px solid var(--line);border-radius:.4rem;padding:.5rem .75rem;margin:0 0 .5rem}
legend{font-weight:600;padding:0 .25rem}
label{font-weight:600;margin-top:.5rem}
label.profile,label.remember{display:flex;gap:.5rem;align-items:center;font-weight:400;margin:.25rem 0;min-height:2.75rem}
input[type=text],input[type=password]{font:inherit;padding:.65rem .75rem;border:1px solid #8a94a8;border-radius:.35rem;width:100%}
input[type=radio],input[type=checkbox]{width:1.25rem;height:1.25rem;margin:0}
input:focus,button:focus,a:focus{outline:3px solid #f2a900;outline-offset:2px}
input[aria-invalid=true]{border-color:var(--error)}
button,.button{display:inline-block;font:inherit;font-weight:600;text-align:center;text-decoration:none;padding:.7rem 1.2rem;margin-top:.75rem;border:0;border-radius:.35rem;background:var(--accent);color:var(--accent-ink);cursor:pointer;min-height:2.75rem}
.button.secondary,button.secondary{background:#e3e8f0;color:var(--ink)}
.error{color:var(--error);background:#fdecee;border-left:4px solid var(--error);padding:.5rem .75rem;border-radius:.25rem}
.hint{font-size:.9rem;color:var(--muted);margin:-.5rem 0 0 1.75rem}
.footer{max-width:28rem;margin:0 auto 2rem;padding:0 1.25rem;font-size:.85rem;color:var(--muted);text-align:center}
h2{font-size:1.1rem;margin:1.25rem 0 .5rem}
.tiles{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:.5rem}
.tile{display:flex;flex-direction:column;gap:.15rem;padding:.75rem 1rem;min-height:2.75rem;border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:.4rem;color:var(--ink);text-decoration:none}
.tile:hover{background:#f4f7fb}
.tile-name{font-weight:600;color:var(--accent)}
.tile-description{font-size:.9rem;color:var(--muted)}
.empty{background:#f4f7fb;border-left:4px solid var(--line);padding:.5rem .75rem;border-radius:.25rem}
.card.wide{max-width:60rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.console-nav{max-width:60rem;margin:1rem auto 0;padding:0 1.25rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center}
.console-nav a{color:var(--accent);font-weight:600;padding:.5rem 0;min-height:2.75rem;display:inline-flex;align-items:center}
.console-nav a[aria-current=page]{color:var(--ink);text-decoration:none}
.console-nav .who{margin-left:auto;color:var(--muted);font-size:.9rem}
.table-scroll{overflow-x:auto;position:relative}
.table-scroll:focus{outline:3px solid #f2a900;outline-offset:2px}
.table-scroll+.table-scroll{margin-top:1rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;background:#f4f7fb}
td.num,th.num{text-align:right}
td code{word-break:break-all}
.card.wide a:not(.button){color:var(--accent)}
.inline{display:inline}
.actions{display:flex;flex-wrap:wrap;gap:0 .5rem}
.inline button{margin-top:0;padding:.4rem .8rem;min-height:2.25rem}
form.filters,form.stack{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;margin:.5rem 0 1rem}
form.filters label,form.stack label{display:flex;flex-direction:column;margin:0;gap:.2rem}
form.stack label.profile,form.stack label.remember{flex-direction:row;align-items:center;gap:.5rem;margin:.25rem 0}
select{font:inherit;max-width:100%;padding:.6rem .5rem;border:1px solid #8a94a8;border-radius:.35rem;min-height:2.75rem;background:#fff}
select:focus{outline:3px solid #f2a900;outline-offset:2px}
form.filters input,form.stack input,select{font-weight:400}
form.service-form{flex-direction:column;flex-wrap:nowrap;align-items:stretch}
.service-form .error{display:block;margin-top:.25rem;font-weight:400}
.field{display:flex;flex-direction:column;gap:.2rem;min-width:0}
.field small{color:var(--muted)}
form.stack label small{font-weight:400;color:var(--muted)}
input[type=file]{font:inherit;font-weight:400;max-width:100%}
input[type=file]::file-selector-button{font:inherit;font-weight:600;padding:.55rem 1rem;margin-right:.75rem;min-height:2.75rem;border:1px solid #8a94a8;border-radius:.35rem;background:#e3e8f0;color:var(--ink);cursor:pointer}
.stepper{list-style:none;margin:0 0 1rem;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .5rem;font-size:.9rem}
.stepper li{padding:.2rem .5rem;border-radius:.3rem;background:#f4f7fb}
.stepper li.done{background:#e8f5ec}
.stepper li[aria-current=step]{background:var(--accent)}
/* .card prefix: outweighs .card.wide a:not(.button), or the current step reads blue on blue. */
.card .stepper li[aria-current=step] a{color:var(--accent-ink)}
.candidates{display:flex;flex-wrap:wrap;gap:.5rem}
.candidate{flex:1 1 12rem;display:flex;flex-direction:column;gap:.15rem;padding:.75rem;border:1px solid var(--line);border-radius:.4rem;font-weight:400;margin:0}
.candidate input{margin-bottom:.25rem}
.candidate:has(input:checked){border-color:var(--accent);box-shadow:inset 0 0 0 1px var(--accent)}
.entries li{margin:.4rem 0}
.button.small{padding:.35rem .7rem;min-height:2.25rem;margin-top:.25rem;font-size:.9rem}
.wizard-nav{margin-top:1.5rem}
.notice{color:#0b5c2e;background:#e8f5ec;border-left:4px solid #1b7f43;padding:.5rem .75rem;border-radius:.25rem}
@media (max-width:30rem){.card{margin:0;border-radius:0;box-shadow:none}}
`

/** Submits the method=POST redirect form: a file of ours, so the CSP can forbid inline scripts. */
export const AUTOSUBMIT_SCRIPT = `document.addEventListener('DOMContentLoaded',function(){var f=document.querySelector('form[data-autosubmit]');if(f)f.submit()})
`
