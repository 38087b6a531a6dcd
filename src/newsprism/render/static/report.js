/* The report's one script. A chip (or any a.jump) highlights its span and the pieces of it (data-k),
   scrolls it into view and moves the focus there; Space works on it like Enter. Without JavaScript
   :target does it. The web app allows this script by its hash (newsprism.serve._policies). */
(function(){
var reduce=window.matchMedia&&window.matchMedia('(prefers-reduced-motion: reduce)').matches;
function go(id){
if(!/^[A-Za-z0-9_-]+$/.test(id))return false;
var el=document.getElementById(id);if(!el)return false;
document.querySelectorAll('.hl').forEach(function(x){x.classList.remove('hl');});
el.classList.add('hl');
document.querySelectorAll('[data-k~="'+id+'"]').forEach(function(x){x.classList.add('hl');});
el.scrollIntoView({behavior:reduce?'auto':'smooth',block:'center',inline:'nearest'});
el.focus({preventScroll:true});
try{history.replaceState(null,'','#'+id);}catch(e){}
return true;}
function link(e){return e.target&&e.target.closest?e.target.closest('a.jump'):null;}
document.addEventListener('click',function(e){var a=link(e);
if(a&&go(a.getAttribute('href').slice(1)))e.preventDefault();});
document.addEventListener('keydown',function(e){if(e.key!==' ')return;var a=link(e);
if(a){e.preventDefault();go(a.getAttribute('href').slice(1));}});
if(location.hash)go(location.hash.slice(1));
})();
