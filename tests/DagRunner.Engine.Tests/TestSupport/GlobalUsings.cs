// The shared helpers (harnesses, fakes, loaders of test workflows) are used by tests in every folder.
global using DagRunner.Engine.Tests.TestSupport;
