; NSIS additions for Venue Kiosk (per-machine install): an autostart shortcut for every user's logon, which the
; kiosk user's auto-login then starts. Removed on uninstall; the kiosk's data in %APPDATA% is kept.
!macro customInstall
  SetShellVarContext all
  CreateShortCut "$SMSTARTUP\${PRODUCT_NAME}.lnk" "$INSTDIR\${APP_EXECUTABLE_FILENAME}" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME}" 0
!macroend

!macro customUnInstall
  SetShellVarContext all
  Delete "$SMSTARTUP\${PRODUCT_NAME}.lnk"
!macroend
