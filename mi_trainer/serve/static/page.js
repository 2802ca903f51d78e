// The websocket lives on this page's own host and scheme (ws: here, wss: behind a TLS proxy).
(function () {
  var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  document.getElementById("terminal").dataset.sessionWebsocketUrl = scheme + "//" + window.location.host + "/ws";
  document.getElementById("restart").addEventListener("click", function () {
    window.location.href = "/";
  });
})();
