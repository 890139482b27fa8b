from sidelines.serve.cli import main

main()
