from checker.entry import main

main()
