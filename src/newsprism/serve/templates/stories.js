// tell the reader when the store holds more stories than when the page was made (feeds being followed)
(function () {
  const shown = Number(document.getElementById("total").dataset.total);
  const params = new URLSearchParams(location.search);
  for (const [key, value] of [...params]) if (!value || key === "offset") params.delete(key);
  params.set("limit", "1");
  const url = "/api/stories?" + params.toString();
  setInterval(async function () {
    try {
      const answer = await fetch(url);
      if (answer.ok && (await answer.json()).total > shown) document.getElementById("fresh").hidden = false;
    } catch (error) { /* the app is restarting; try again next time */ }
  }, 30000);
})();
