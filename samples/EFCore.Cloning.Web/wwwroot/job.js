// Polls the job's status and moves the progress bar until the job is finished.
(function () {
    const job = document.getElementById('job');
    const bar = document.getElementById('job-progress');
    const status = document.getElementById('job-status');
    const result = document.getElementById('job-result');
    const copy = document.getElementById('job-copy');
    const cancel = document.getElementById('cancel-form');
    const finished = ['Completed', 'Cancelled', 'Failed'];

    async function poll() {
        const response = await fetch(job.dataset.statusUrl, { cache: 'no-store' });
        if (!response.ok) { status.textContent = 'Job not found'; return; }
        const s = await response.json();
        bar.value = s.percent;
        job.dataset.status = s.status;
        const rows = `${s.rowsDone.toLocaleString('en')} of ${s.rowsTotal.toLocaleString('en')} rows`;
        status.textContent = s.status === 'Running' ? `Running: ${rows}${s.table ? ` (${s.table})` : ''}`
            : s.status === 'Completed' ? `Completed: ${rows}`
            : s.status === 'Cancelled' ? 'Cancelled: the transaction rolled back, nothing was copied'
            : s.status === 'Failed' ? `Failed: ${s.error}` : s.status;
        if (s.status === 'Completed' && s.copyId) {
            copy.href = `/Projects/Details/${s.copyId}`;
            copy.textContent = `Open '${s.copyName}'`;
            result.hidden = false;
        }
        if (finished.includes(s.status)) { cancel.hidden = true; return; }
        setTimeout(poll, 250);
    }

    poll();
})();
