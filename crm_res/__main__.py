import sys

from crm_res.cli import main

sys.exit(main())
