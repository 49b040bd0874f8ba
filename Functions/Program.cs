using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Workflow.Functions;

FunctionsApp.Compose(FunctionsApplication.CreateBuilder(args)).Build().Run();
