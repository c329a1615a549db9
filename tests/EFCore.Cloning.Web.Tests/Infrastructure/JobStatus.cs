using System.Text.Json;

namespace EFCore.Cloning.Web.Tests.Infrastructure;

/// <summary>What <c>/jobs/{id}/status</c> says about a background duplicate.</summary>
public sealed record JobStatus(string Status, long RowsDone, long RowsTotal, int Percent, string? Table, int? CopyId, string? CopyName, string? Error)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool IsFinished => Status is "Completed" or "Cancelled" or "Failed";

    /// <summary>Polls the job page's status endpoint until <paramref name="until"/> holds (a minute at most).</summary>
    public static async Task<JobStatus> WaitAsync(DemoClient client, string jobPage, Func<JobStatus, bool> until)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            using var response = await client.GetAsync($"{jobPage}/status");
            response.EnsureSuccessStatusCode();
            var status = JsonSerializer.Deserialize<JobStatus>(await response.Content.ReadAsStringAsync(), Json)!;
            if (until(status))
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The job at {jobPage} is still {status.Status} ({status.RowsDone}/{status.RowsTotal}).");
            }

            await Task.Delay(100);
        }
    }
}
