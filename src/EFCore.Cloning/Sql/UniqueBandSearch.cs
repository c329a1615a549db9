using System.Globalization;

namespace EFCore.Cloning.Sql;

/// <summary>
/// Gives copies their suffixed values over one <see cref="SuffixBand"/>, set-wise. Within the band, the copies of one
/// group (same scope, same cut root) try the same texts in the same order, and copies of other groups never try them;
/// taking the first free text copy by copy in order therefore gives the group's k-th copy its k-th free number. So:
/// number the copies per group, find each group's free numbers (a run per group tested against the index, longer
/// runs while some group is short), and join the k-th copy to the k-th free number.
/// </summary>
internal sealed class UniqueBandSearch(SetModeState state, UniqueWork work)
{
    // How much longer each further run of numbers is: few statements past long runs of taken numbers (one more per
    // doubling), few wasted lookups where the next number is free (the common case: a copy of each exists already).
    private const int Growth = 2;

    private bool _searched;

    /// <summary>Gives values to the copies the band can serve; false when no copy is left without one.</summary>
    public async Task<bool> SearchAsync(SuffixBand band)
    {
        var suffix = work.Suffix;
        if (band.SuffixLength is { } length && length >= suffix.MaxLength)
        {
            // CloneSuffix.Apply's refusal, for a copy that reaches this band with a value that must be cut.
            var cut = await ScalarAsync($"SELECT count(*) FROM {work.Copies} WHERE a IS NULL AND length(r) + {length} > @max").ConfigureAwait(false);
            if (cut > 0)
            {
                suffix.Suffix.Apply(new string('x', suffix.MaxLength!.Value), (int)band.First, suffix.MaxLength);
            }
        }

        if (_searched)
        {
            foreach (var table in new[] { work.Ranks, work.Groups, work.Free })
            {
                await ExecuteAsync($"DELETE FROM {table}").ConfigureAwait(false);
            }
        }

        _searched = true;
        var root = suffix.Cut("w.r", band);
        var partition = work.Partition("w", root);
        var ranked = await ExecuteAsync(
            $"INSERT INTO {work.Ranks} (gid, k, m, ord, p) SELECT dense_rank() OVER (ORDER BY {partition}), row_number() OVER (PARTITION BY {partition} ORDER BY w.ord), "
            + $"count(*) OVER (PARTITION BY {partition}), w.ord, {root} FROM {work.Copies} w WHERE w.a IS NULL").ConfigureAwait(false);
        if (ranked == 0)
        {
            return false;
        }

        var scope = string.Concat(work.ScopeColumns.Select(c => ", " + c.Name));
        var hi = KeyValuePair.Create<string, object?>("@hi", band.Last);
        await ExecuteAsync(
            $"INSERT INTO {work.Groups} (gid, f{scope}, p, m, need, nxt, chunk) SELECT r.gid, w.f{work.ScopeList("w")}, r.p, r.m, r.m, @lo, r.m "
            + $"FROM {work.Ranks} r JOIN {work.Copies} w ON w.ord = r.ord WHERE r.k = 1",
            KeyValuePair.Create<string, object?>("@lo", band.First)).ConfigureAwait(false);
        await state.AnalyzeAsync(work.RanksName).ConfigureAwait(false);
        await state.AnalyzeAsync(work.GroupsName).ConfigureAwait(false);

        const string open = "need > 0 AND nxt <= @hi";
        var runs = $"SELECT gid, nxt AS lo, CASE WHEN nxt + chunk - 1 > @hi THEN @hi ELSE nxt + chunk - 1 END AS hi FROM {work.Groups} WHERE {open}";
        var candidates = $"SELECT x.gid, x.n, g.f{work.ScopeList("g")}, g.p FROM {state.Dialect.NumberRange(runs)} x JOIN {work.Groups} g ON g.gid = x.gid";
        var find = $"INSERT INTO {work.Free} (gid, n) SELECT c.gid, c.n FROM ({candidates}) c WHERE {work.IsFree($"c.p || {suffix.For("c.n")}", "c")}";
        var found = $"UPDATE {work.Groups} SET need = {work.Groups}.m - x.found FROM (SELECT gid, count(*) AS found FROM {work.Free} GROUP BY gid) x "
                    + $"WHERE {work.Groups}.gid = x.gid AND {work.Groups}.need > 0 AND {work.Groups}.nxt <= @hi";
        var next = $"UPDATE {work.Groups} SET nxt = nxt + chunk, chunk = chunk * {Growth} WHERE {open}";

        // A group short of free numbers (the ones tried were taken) goes on with a longer run; until none is short.
        do
        {
            await ExecuteAsync(find, hi).ConfigureAwait(false);
            await ExecuteAsync(found, hi).ConfigureAwait(false);
        }
        while (await ExecuteAsync(next, hi).ConfigureAwait(false) > 0);

        var numbered = $"SELECT gid, n, row_number() OVER (PARTITION BY gid ORDER BY n) AS k FROM {work.Free}";
        var assigned = await ExecuteAsync(
            $"UPDATE {work.Copies} SET a = x.v FROM (SELECT r.ord, r.p || {suffix.For("f.n")} AS v FROM {work.Ranks} r JOIN ({numbered}) f ON f.gid = r.gid AND f.k = r.k) x "
            + $"WHERE {work.Copies}.ord = x.ord").ConfigureAwait(false);
        return assigned < ranked;
    }

    private Task<int> ExecuteAsync(string sql, params KeyValuePair<string, object?>[] more) => state.Sql.ExecuteAsync(sql, work.Suffix.Used(sql, more));

    private async Task<long> ScalarAsync(string sql, params KeyValuePair<string, object?>[] more)
        => Convert.ToInt64(await state.Sql.ScalarAsync(sql, work.Suffix.Used(sql, more)).ConfigureAwait(false), CultureInfo.InvariantCulture);
}
