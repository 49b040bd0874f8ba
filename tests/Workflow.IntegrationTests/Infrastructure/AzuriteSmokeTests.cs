using Azure.Data.Tables;

namespace Workflow.IntegrationTests.Infrastructure;

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteSmokeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Tables_round_trip_an_entity()
    {
        var table = new TableClient(azurite.ConnectionString, "smoke" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "Nguyễn Văn A" });
        var read = await table.GetEntityAsync<TableEntity>("p", "r");
        Assert.Equal("Nguyễn Văn A", read.Value.GetString("Name"));
    }
}
