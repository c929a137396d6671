/* The Placements pane. Outside Office (a plain browser) Office.onReady resolves with a null host. */
function setStatus(text: string): void {
  const status = document.getElementById("status");
  if (status) status.textContent = text;
}

if (typeof Office === "undefined") {
  setStatus("Office.js did not load: open this pane from Excel.");
} else {
  void Office.onReady((info) => {
    setStatus(info.host === Office.HostType.Excel ? "Ready." : "Open this pane from Excel to import placements.");
  });
}
