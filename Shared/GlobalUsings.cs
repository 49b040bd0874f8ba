// The toolbox every room of Shared/ reaches for: the BCL's text and JSON, Table Storage, logging and options, and the
// product's own storage, templates, text, time, email and settings. A room's namespaces (Workflow.Courses.*,
// Workflow.Complaints.*, Workflow.Units, Workflow.Durable) and the HTTP layer (Microsoft.AspNetCore.Http, Workflow.Http)
// stay imported file by file, so what a file depends on among rooms and layers is still read at its top (stores never
// import Workflow.Http).
global using System.Globalization;
global using System.Text;
global using System.Text.Json;
global using Azure;
global using Azure.Data.Tables;
global using Microsoft.Extensions.Logging;
global using Microsoft.Extensions.Options;
global using Workflow.Email;
global using Workflow.Hosting;
global using Workflow.Storage;
global using Workflow.Templates;
global using Workflow.Text;
global using Workflow.Time;
