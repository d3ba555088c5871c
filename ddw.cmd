@echo off
rem The workshop's command without npx's start-up: ddw verify metrics (cmd.exe) or ./ddw (PowerShell)
node "%~dp0bin\ddworkshop.js" %*
