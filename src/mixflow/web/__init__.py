"""Server-rendered pages: thin views over the apps' queries and actions."""
