using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EFCore.Cloning.Web.Tests.Infrastructure;

/// <summary>An HTTP client of the app signed in as one demo user, which does not follow redirects, and can post forms with the page's antiforgery token.</summary>
public sealed partial class DemoClient : IDisposable
{
    private readonly HttpClient _http;

    public DemoClient(WebApplicationFactory<Program> factory, string user)
    {
        _http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        _http.DefaultRequestHeaders.Add("X-Demo-User", user);
    }

    public Task<HttpResponseMessage> GetAsync(string url) => _http.GetAsync(new Uri(url, UriKind.Relative));

    public async Task<string> GetPageAsync(string url)
    {
        using var response = await GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Posts <paramref name="fields"/> to <paramref name="url"/> with the antiforgery token of the page at <paramref name="formPage"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string url, params (string Name, string Value)[] fields)
    {
        var html = await GetPageAsync(formPage);
        var token = TokenPattern().Match(html).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), $"no antiforgery token on {formPage}");
        return await PostAsync(url, [.. fields, ("__RequestVerificationToken", token)]);
    }

    /// <summary>Posts <paramref name="fields"/> as they are, with no token unless one is among them.</summary>
    public Task<HttpResponseMessage> PostAsync(string url, params (string Name, string Value)[] fields)
        => _http.PostAsync(
            new Uri(url, UriKind.Relative),
            new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
