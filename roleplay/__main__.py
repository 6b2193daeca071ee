from roleplay.cli import main

main()
