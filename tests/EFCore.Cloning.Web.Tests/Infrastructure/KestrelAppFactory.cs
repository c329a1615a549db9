using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EFCore.Cloning.Web.Tests.Infrastructure;

/// <summary>
/// The app on a real loopback port (Kestrel on 127.0.0.1:0) for a browser, with a pause after each table of a
/// background duplicate so that the test can watch the progress bar and press Cancel midway.
/// </summary>
public sealed class KestrelAppFactory : WebAppFactory
{
    public KestrelAppFactory()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The server's address, such as <c>http://127.0.0.1:41234</c>; starts the server on first use.</summary>
    public string BaseUrl
    {
        get
        {
            StartServer();
            return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        }
    }

    protected override int StepDelayMilliseconds => 5_000;
}
